import { ParleyConsole } from './parley-console';

customElements.define('parley-console', ParleyConsole);

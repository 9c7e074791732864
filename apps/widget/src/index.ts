import { ParleyComments } from './parley-comments';

// Defined once even when a page includes the script twice.
if (!customElements.get('parley-comments'))
  customElements.define('parley-comments', ParleyComments);

import { css } from 'lit';

/**
 * Theming: every colour, font and radius reads a custom property the publisher may set on the
 * element (e.g. `parley-comments { --parley-accent: #b00020; }`); `::part(...)` reaches the named
 * pieces (container, header, comment, body, button, composer, auth, subscribe).
 */
export const styles = css`
  :host {
    display: block;
    font-family: var(--parley-font, system-ui, sans-serif);
    color: var(--parley-text, #1a1a1a);
    background: var(--parley-background, transparent);
    line-height: 1.5;
  }
  [hidden] {
    display: none !important;
  }
  section {
    border-top: 2px solid var(--parley-accent, #0b57d0);
    padding-top: 0.75rem;
  }
  header {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
    align-items: center;
    justify-content: space-between;
  }
  h2 {
    font-size: 1.25rem;
    margin: 0;
  }
  button,
  select,
  input,
  textarea {
    font: inherit;
  }
  button {
    cursor: pointer;
    border: 1px solid var(--parley-accent, #0b57d0);
    background: var(--parley-button-background, #fff);
    color: var(--parley-accent, #0b57d0);
    border-radius: var(--parley-radius, 4px);
    padding: 0.25rem 0.75rem;
  }
  button.primary {
    background: var(--parley-accent, #0b57d0);
    color: var(--parley-accent-text, #fff);
  }
  button.link {
    border: none;
    background: none;
    padding: 0.125rem 0.25rem;
    text-decoration: underline;
  }
  :focus-visible {
    outline: 3px solid var(--parley-focus, #f9ab00);
    outline-offset: 2px;
  }
  label {
    display: block;
    font-weight: 600;
    margin-top: 0.5rem;
  }
  input,
  textarea,
  select {
    border: 1px solid var(--parley-border, #767676);
    border-radius: var(--parley-radius, 4px);
    padding: 0.375rem;
    background: var(--parley-input-background, #fff);
    color: inherit;
  }
  input,
  textarea {
    box-sizing: border-box;
    width: 100%;
  }
  textarea {
    min-height: 5rem;
  }
  .panel {
    border: 1px solid var(--parley-border, #767676);
    border-radius: var(--parley-radius, 4px);
    padding: 0.75rem;
    margin: 0.75rem 0;
  }
  .panel > :first-child {
    margin-top: 0;
  }
  .panel > :last-child {
    margin-bottom: 0;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-top: 0.5rem;
  }
  ol {
    list-style: none;
    padding: 0;
    margin: 0;
  }
  ol ol {
    margin-left: 1.25rem;
    border-left: 2px solid var(--parley-border-light, #ddd);
    padding-left: 0.75rem;
  }
  article {
    padding: 0.75rem 0;
    border-bottom: 1px solid var(--parley-border-light, #ddd);
  }
  .meta {
    font-size: 0.875rem;
    color: var(--parley-muted, #555);
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .author {
    font-weight: 600;
    color: var(--parley-text, #1a1a1a);
  }
  .badge {
    font-size: 0.75rem;
    border-radius: 999px;
    padding: 0 0.5rem;
    background: var(--parley-badge-background, #e8f0fe);
    color: var(--parley-badge-text, #0b3d91);
  }
  .body {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    margin: 0.25rem 0;
  }
  .placeholder {
    font-style: italic;
    color: var(--parley-muted, #555);
  }
  .notice {
    color: var(--parley-muted, #555);
  }
  .error {
    color: var(--parley-error, #b3261e);
  }
  a {
    color: var(--parley-link, #0b57d0);
  }
`;

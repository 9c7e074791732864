import { css } from 'lit';

export const consoleStyles = css`
  :host {
    display: block;
    font-family: system-ui, sans-serif;
    color: #1a1a1a;
    max-width: 70rem;
    margin: 0 auto;
    padding: 1rem;
  }
  nav ul {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    list-style: none;
    padding: 0;
  }
  nav button[aria-current='page'] {
    background: #0b57d0;
    color: #fff;
  }
  button,
  input,
  select,
  textarea {
    font: inherit;
  }
  button {
    border: 1px solid #0b57d0;
    background: #fff;
    color: #0b57d0;
    border-radius: 4px;
    padding: 0.25rem 0.75rem;
    cursor: pointer;
  }
  button.danger {
    border-color: #b3261e;
    color: #b3261e;
  }
  :focus-visible {
    outline: 3px solid #f9ab00;
    outline-offset: 2px;
  }
  label {
    font-weight: 600;
  }
  ol {
    list-style: none;
    padding: 0;
  }
  .item {
    border: 1px solid #ccc;
    border-radius: 4px;
    padding: 0.75rem;
    margin-bottom: 0.5rem;
  }
  .item.current {
    border: 2px solid #0b57d0;
    background: #f3f7fe;
  }
  .body {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .why {
    color: #5c3c00;
    background: #fff4d6;
    padding: 0.125rem 0.5rem;
    border-radius: 4px;
  }
  .meta {
    color: #555;
    font-size: 0.875rem;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
    margin: 0.5rem 0;
  }
  .error {
    color: #b3261e;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: left;
    border-bottom: 1px solid #ddd;
    padding: 0.25rem 0.5rem;
    vertical-align: top;
  }
  textarea {
    width: 100%;
    min-height: 8rem;
    box-sizing: border-box;
  }
`;

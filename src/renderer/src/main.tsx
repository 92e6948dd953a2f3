// First, before any component: the content security policy blocks the inline script that
// @vitejs/plugin-react injects to start fast refresh in development, so the entry starts it.
// In a production build this module is empty.
import '@vitejs/plugin-react/preamble';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { installE2e } from './e2e';
import './styles.css';

installE2e();

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element.');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

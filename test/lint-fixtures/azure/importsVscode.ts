import { window } from 'vscode';
export const x = window;

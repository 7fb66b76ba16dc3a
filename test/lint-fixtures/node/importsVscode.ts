import { workspace } from 'vscode';
export const x = workspace;

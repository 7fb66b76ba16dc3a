import type { Uri } from 'vscode';
export type X = Uri;

import * as vscode from 'vscode';
export const x = vscode;

import * as vscode from 'vscode';
import { Disposable } from '../shared/Disposable';

/**
 * Data for the "Managed Identities" view. Until the user signs in to Azure there is nothing to list,
 * and an empty tree lets VS Code show the view's welcome content (package.json `viewsWelcome`).
 */
export class IdentityTreeProvider extends Disposable implements vscode.TreeDataProvider<vscode.TreeItem> {
  private readonly changed = this.register(new vscode.EventEmitter<vscode.TreeItem | undefined>());
  readonly onDidChangeTreeData = this.changed.event;

  getTreeItem(element: vscode.TreeItem): vscode.TreeItem {
    return element;
  }

  getChildren(_element?: vscode.TreeItem): vscode.TreeItem[] {
    return [];
  }

  /** Reloads one node, or the whole tree when `element` is omitted. */
  refresh(element?: vscode.TreeItem): void {
    this.changed.fire(element);
  }
}

import type { AzureConnection } from '../../azure/AzureConnection';
import type { Logger } from '../../shared/logger';
import type { IdentityTreeProvider } from '../IdentityTreeProvider';
import type { TreeNode } from '../treeNodes';

/** What the explorer's commands are given: the log, the tree (to read loaded models and to refresh), and the current connection. */
export interface ExplorerCommandDeps {
  readonly logger: Logger;
  readonly tree: IdentityTreeProvider;
  /** The connection in use now (it changes when the settings do). */
  connection(): AzureConnection;
  /** Shows a node in the view, expanding its parents and selecting it (after a create, for example). */
  reveal(node: TreeNode): Promise<void>;
}

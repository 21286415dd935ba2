import * as vscode from 'vscode';
import { Commands } from '../commands';
import type { TreeNode } from '../model/treeNode';

/**
 * A TreeDataProvider over plain `TreeNode`s: `load` asks the server and builds the nodes (in the pure
 * model), this class only maps them to `vscode.TreeItem`s. Reloaded on the server's index-changed
 * notification; a failed load shows an empty view and logs, it never throws into the workbench.
 */
export class NodeTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: TreeNode[] | undefined;
  private loading: Promise<TreeNode[]> | undefined;
  private readonly loaded = new vscode.EventEmitter<TreeNode[]>();
  /** Fires with the new roots after each load (badges, tests). */
  readonly onDidLoad = this.loaded.event;

  constructor(
    private readonly name: string,
    private readonly load: () => Promise<TreeNode[]>,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Drops the cached nodes; the view asks again when visible. */
  refresh(): void {
    this.roots = undefined;
    this.loading = undefined;
    this.changed.fire(undefined);
  }

  async getChildren(element?: TreeNode): Promise<TreeNode[]> {
    if (element) return element.children ?? [];
    if (this.roots) return this.roots;
    const loading = (this.loading ??= this.load().catch((error: unknown) => {
      this.log.error(`Could not load the ${this.name} view: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }));
    const roots = await loading;
    if (this.loading === loading) {
      this.roots = roots;
      this.loaded.fire(roots);
    }
    return roots;
  }

  /** The current roots, loading them if needed. */
  async nodes(): Promise<TreeNode[]> {
    return this.getChildren();
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const collapsible = node.children && node.children.length > 0
      ? node.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed
      : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(node.label, collapsible);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.contextValue = node.contextValue;
    if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon.id, node.icon.color ? new vscode.ThemeColor(node.icon.color) : undefined);
    if (node.target) {
      item.command = { command: Commands.openItem, title: 'Open', arguments: [node] };
    }
    return item;
  }

  dispose(): void {
    this.changed.dispose();
    this.loaded.dispose();
  }
}

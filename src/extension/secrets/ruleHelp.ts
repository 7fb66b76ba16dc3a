import * as vscode from 'vscode';
import { ruleCatalog } from '../../core/secrets/catalog';

export const helpScheme = 'managed-identity-help';

/** Serves each rule's help as a read-only Markdown document: managed-identity-help:/MI001.md */
export class RuleHelpProvider implements vscode.TextDocumentContentProvider {
  provideTextDocumentContent(uri: vscode.Uri): string {
    const id = uri.path.replace(/^\//, '').replace(/\.md$/, '');
    const rule = ruleCatalog.find((r) => r.id === id);
    if (!rule) return `# Unknown rule ${id}\n`;
    const aliases = rule.aliases.length ? `\n\nAlso known as: ${rule.aliases.map((a) => `\`${a}\``).join(', ')}.` : '';
    return `# ${rule.id}: ${rule.shortDescription}\n\n${rule.help}${aliases}\n\n[Learn more](${rule.helpUri})\n`;
  }
}

export async function showRuleHelp(ruleId: string): Promise<void> {
  const uri = vscode.Uri.from({ scheme: helpScheme, path: `/${ruleId}.md` });
  await vscode.commands.executeCommand('markdown.showPreview', uri);
}

import {
  GoBackError,
  UserCancelledError,
  type AzExtInputBoxOptions,
  type AzExtOpenDialogOptions,
  type AzExtWorkspaceFolderPickOptions,
  type IAzureMessageOptions,
  type IAzureQuickPickOptions,
  type IAzureUserInput,
  type PromptResult,
} from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';

/**
 * What `AzureWizard` exposes to the `ui` of its context while it prompts (it sets `ui.wizard` itself).
 * These are members of `AzureWizard` in @microsoft/vscode-azext-utils 4.1.0 that its .d.ts does not
 * declare; every one is optional here so that a missing one only loses the step count or the Back button.
 */
interface PromptingWizard {
  readonly title?: string;
  readonly currentStep?: number;
  readonly totalSteps?: number;
  readonly showTitle?: boolean;
  readonly showBackButton?: boolean;
  readonly hideStepCount?: boolean;
  getCachedInputBoxValue?(): string | undefined;
}

/**
 * The error that takes `AzureWizard` one step back. The wizard recognises it by `parseError(error).errorType`,
 * which is the constructor's name, and the production build minifies class names; `parseError` prefers an
 * error's `code`, so the name is given there too.
 */
function goBack(): GoBackError {
  return Object.assign(new GoBackError(), { code: 'GoBackError' });
}

/** A validation message (undefined when valid) now, or later when `validateInput` is asynchronous. */
type Validation = string | undefined | Promise<string | undefined>;

function validationOf(options: AzExtInputBoxOptions, value: string): Validation {
  const result = options.validateInput?.(value);
  const message = (answer: string | vscode.InputBoxValidationMessage | null | undefined): string | undefined => (typeof answer === 'string' ? answer || undefined : (answer?.message ?? undefined));
  return isThenable(result) ? Promise.resolve(result).then(message) : message(result);
}

function isThenable(value: unknown): value is Thenable<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * The `ui` of our wizard contexts: quick picks and input boxes with the wizard's step count and a Back
 * button, throwing `UserCancelledError` when dismissed and `GoBackError` on Back, as `AzureWizard`
 * expects.
 *
 * azext-utils' own `AzExtUserInput` cannot be used: its quick pick reads and writes "recently used" items
 * in `ext.context.globalState`, and `ext` exists only after `registerUIExtensionVariables`, which needs
 * an `aiKey` in package.json to create a telemetry reporter. Unlike `AzExtUserInput`, a step's own
 * `title` wins over the wizard's, so each step keeps the title it had before the wizard.
 */
export class WizardUserInput implements IAzureUserInput {
  /** Set and cleared by `AzureWizard.prompt()`. */
  wizard: PromptingWizard | undefined;

  private readonly finished = new vscode.EventEmitter<PromptResult>();
  readonly onDidFinishPrompt = this.finished.event;

  showQuickPick<T extends vscode.QuickPickItem>(items: T[] | Thenable<T[]>, options: IAzureQuickPickOptions & { canPickMany: true }): Promise<T[]>;
  showQuickPick<T extends vscode.QuickPickItem>(items: T[] | Thenable<T[]>, options: IAzureQuickPickOptions): Promise<T>;
  async showQuickPick<T extends vscode.QuickPickItem>(items: T[] | Thenable<T[]>, options: IAzureQuickPickOptions): Promise<T | T[]> {
    const quickPick = vscode.window.createQuickPick<T>();
    this.decorate(quickPick, options.title);
    quickPick.placeholder = options.placeHolder;
    quickPick.ignoreFocusOut = options.ignoreFocusOut ?? true;
    quickPick.matchOnDescription = options.matchOnDescription ?? false;
    quickPick.matchOnDetail = options.matchOnDetail ?? false;
    quickPick.canSelectMany = options.canPickMany ?? false;
    const disposables: vscode.Disposable[] = [];
    try {
      const picked = await new Promise<T | T[]>((resolve, reject) => {
        disposables.push(
          quickPick.onDidAccept(() => {
            const selected = quickPick.selectedItems;
            if (options.canPickMany) resolve([...selected]);
            else if (selected[0] !== undefined) resolve(selected[0]);
          }),
          quickPick.onDidTriggerButton((button) => {
            if (button === vscode.QuickInputButtons.Back) reject(goBack());
          }),
          quickPick.onDidHide(() => reject(new UserCancelledError(options.stepName))),
        );
        quickPick.busy = true;
        quickPick.show();
        Promise.resolve(items).then((list) => {
          quickPick.items = list;
          if (options.canPickMany && options.isPickSelected) quickPick.selectedItems = list.filter((item) => options.isPickSelected?.(item));
          quickPick.busy = false;
        }, reject);
      });
      this.finished.fire({ value: picked });
      return picked;
    } finally {
      vscode.Disposable.from(...disposables, quickPick).dispose();
    }
  }

  async showInputBox(options: AzExtInputBoxOptions): Promise<string> {
    const inputBox = vscode.window.createInputBox();
    this.decorate(inputBox, options.title);
    inputBox.prompt = options.prompt;
    inputBox.placeholder = options.placeHolder;
    inputBox.password = options.password ?? false;
    inputBox.ignoreFocusOut = options.ignoreFocusOut ?? true;
    inputBox.value = (inputBox.password ? undefined : this.wizard?.getCachedInputBoxValue?.()) || options.value || '';
    if (options.valueSelection) inputBox.valueSelection = options.valueSelection;
    const disposables: vscode.Disposable[] = [];
    try {
      const value = await new Promise<string>((resolve, reject) => {
        // The newest validation, a message or undefined when validateInput answered at once (ours do).
        // Accepting then resolves in the same tick: the box may be hidden by the very next event
        // (a keystroke that opens another quick input), and that must not turn an accepted name into
        // a cancellation. Only the newest validation may set the message.
        let latest = validationOf(options, inputBox.value);
        const show = (validation: Validation): void => {
          if (!(validation instanceof Promise)) {
            inputBox.validationMessage = validation;
            return;
          }
          validation.then((message) => {
            if (validation === latest) inputBox.validationMessage = message;
          }, reject);
        };
        const accept = (problem: string | undefined): void => {
          if (problem) inputBox.validationMessage = problem;
          else resolve(inputBox.value);
        };
        show(latest);
        disposables.push(
          inputBox.onDidChangeValue((text) => {
            latest = validationOf(options, text);
            show(latest);
          }),
          inputBox.onDidAccept(() => {
            const validation = latest;
            if (!(validation instanceof Promise) && (validation || !options.asyncValidationTask)) {
              accept(validation);
              return;
            }
            inputBox.busy = true;
            void (async () => {
              const problem = (await validation) ?? (options.asyncValidationTask ? ((await options.asyncValidationTask(inputBox.value)) ?? undefined) : undefined);
              accept(problem);
            })()
              .catch((error: unknown) => reject(error instanceof Error ? error : new Error(String(error))))
              .finally(() => {
                inputBox.busy = false;
              });
          }),
          inputBox.onDidTriggerButton((button) => {
            if (button === vscode.QuickInputButtons.Back) reject(goBack());
          }),
          inputBox.onDidHide(() => reject(new UserCancelledError(options.stepName))),
        );
        inputBox.show();
      });
      this.finished.fire({ value, matchesDefault: value === options.value });
      return value;
    } finally {
      vscode.Disposable.from(...disposables, inputBox).dispose();
    }
  }

  showWarningMessage<T extends vscode.MessageItem>(message: string, ...items: T[]): Promise<T>;
  showWarningMessage<T extends vscode.MessageItem>(message: string, options: IAzureMessageOptions, ...items: T[]): Promise<T>;
  async showWarningMessage<T extends vscode.MessageItem>(message: string, ...rest: (IAzureMessageOptions | T)[]): Promise<T> {
    const [first, ...others] = rest;
    const isItem = (value: unknown): value is T => typeof value === 'object' && value !== null && 'title' in value;
    const options: vscode.MessageOptions = first !== undefined && !isItem(first) ? first : {};
    const items = [...(first !== undefined && isItem(first) ? [first] : []), ...others.filter(isItem)];
    const answer = await vscode.window.showWarningMessage(message, options, ...items);
    if (answer === undefined) throw new UserCancelledError();
    this.finished.fire({ value: answer });
    return answer;
  }

  async showOpenDialog(options: AzExtOpenDialogOptions): Promise<vscode.Uri[]> {
    const uris = await vscode.window.showOpenDialog(options);
    if (uris === undefined || uris.length === 0) throw new UserCancelledError(options.stepName);
    this.finished.fire({ value: uris });
    return uris;
  }

  async showWorkspaceFolderPick(options: AzExtWorkspaceFolderPickOptions): Promise<vscode.WorkspaceFolder> {
    const folder = await vscode.window.showWorkspaceFolderPick(options);
    if (folder === undefined) throw new UserCancelledError(options.stepName);
    this.finished.fire({ value: folder });
    return folder;
  }

  dispose(): void {
    this.finished.dispose();
  }

  /** The step's title (or the wizard's), the step count and the Back button, as the wizard stands now. */
  private decorate(input: vscode.QuickInput & { buttons: readonly vscode.QuickInputButton[] }, title: string | undefined): void {
    const wizard = this.wizard;
    input.title = title ?? (wizard?.showTitle ? wizard.title : undefined);
    if (wizard !== undefined && wizard.showTitle && !wizard.hideStepCount) {
      input.step = wizard.currentStep;
      input.totalSteps = wizard.totalSteps;
    }
    input.buttons = wizard?.showBackButton ? [vscode.QuickInputButtons.Back] : [];
  }
}

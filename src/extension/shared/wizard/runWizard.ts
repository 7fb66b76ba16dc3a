import { AzureWizard, GoBackError, isUserCancelledError, type IActionContext, type IWizardOptions } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { CancellationError } from '../../../core/cancellation';
import { toAbortSignal } from '../cancellation';
import { WizardUserInput } from './WizardUserInput';

/**
 * How the extension uses @microsoft/vscode-azext-utils: its `AzureWizard` with prompt and execute steps,
 * over an `IActionContext` built here, never by `callWithTelemetryAndErrorHandling`.
 *
 * We do not call `registerUIExtensionVariables`: in 4.1.0 it always creates a telemetry reporter, which
 * reads the `aiKey` of package.json and throws without one (its DEBUGTELEMETRY switch is read only after
 * that check). Without it there is no reporter at all, so nothing can be sent; the context below also
 * suppresses all telemetry and asks for errors to be rethrown, so failures and cancellation reach our
 * `registerCommand` (one message, "Show Log", silent cancellation) whatever azext-utils would do.
 */
export interface WizardContext extends IActionContext {
  /** Aborts the Azure calls of the execute steps when the user cancels the progress notification. */
  signal?: AbortSignal;
  /** Reports progress of the execute steps in the notification's message. */
  report?: (message: string) => void;
  /** Execute steps run inside our own cancellable, titled notification (see `runWizard`). */
  suppressNotification?: boolean;
}

/** A fresh context for one run of a wizard; `callbackId` is the command id. */
export function newWizardContext(callbackId: string): WizardContext {
  return {
    callbackId,
    telemetry: { properties: {}, measurements: {}, suppressAll: true },
    errorHandling: { suppressDisplay: true, rethrow: true, suppressReportIssue: true, issueProperties: {} },
    ui: new WizardUserInput(),
    valuesToMask: [],
  };
}

/**
 * Prompts every step (with Back between them), then runs the execute steps under one cancellable
 * notification titled `progressTitle(context)`. Dismissing a prompt or cancelling the notification throws
 * our `CancellationError`, which `registerCommand` treats as silent.
 */
export async function runWizard<T extends WizardContext>(context: T, options: IWizardOptions<T> & { progressTitle: (context: T) => string }): Promise<void> {
  const wizard = new AzureWizard(context, options);
  try {
    await wizard.prompt();
    context.suppressNotification = true;
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: options.progressTitle(context), cancellable: true }, async (progress, token) => {
      context.signal = toAbortSignal(token);
      context.report = (message) => progress.report({ message });
      await wizard.execute();
    });
  } catch (error) {
    if (isUserCancelledError(error) || error instanceof GoBackError) throw new CancellationError();
    throw error;
  } finally {
    if (context.ui instanceof WizardUserInput) context.ui.dispose();
  }
}

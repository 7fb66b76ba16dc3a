/**
 * "Create User-Assigned Identity" as an `AzureWizard`: subscription, resource group (or a new one), location
 * and name are prompt steps, with Back between them and the step count in the title; creating the group
 * and the identity are execute steps under one cancellable notification. Loaded on first use only, so
 * azext-utils costs nothing at activation.
 */
import { AzureWizardExecuteStep, AzureWizardPromptStep } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import type { AzureServices } from '../../../azure/AzureServices';
import type { LocationInfo, ResourceGroupInfo } from '../../../azure/SubscriptionService';
import type { UserAssignedIdentityInfo } from '../../../core/arm/model';
import { isCancellationError } from '../../../core/cancellation';
import { errorMessage, ToolError } from '../../../core/errors';
import type { SubscriptionRef } from '../../azure/AzureConnection';
import { newWizardContext, runWizard, type WizardContext } from '../../shared/wizard/runWizard';
import type { TreeNode } from '../treeNodes';
import { identityNameProblem, locationChoices, newResourceGroupProblem } from './createIdentityInputs';
import type { ExplorerCommandDeps } from './explorerDeps';

const title = 'Create User-Assigned Identity';

interface CreateIdentityContext extends WizardContext {
  subscription?: SubscriptionRef;
  resourceGroup?: string;
  /** The picked group's location, offered first. */
  groupLocation?: string;
  /** True when the user chose "Create new resource group…". */
  newResourceGroup?: boolean;
  /** Set once the new resource group exists, so a later failure can say it was made. */
  resourceGroupCreated?: boolean;
  location?: string;
  name?: string;
  created?: UserAssignedIdentityInfo;
}

/** The subscription's resource groups and the identities the explorer knows in it, listed once per subscription per run. */
class SubscriptionListings {
  private readonly groups = new Map<string, Promise<{ groups: ResourceGroupInfo[]; identities: readonly UserAssignedIdentityInfo[] }>>();
  private readonly locations = new Map<string, Promise<LocationInfo[]>>();

  constructor(private readonly deps: ExplorerCommandDeps) {}

  services(subscription: SubscriptionRef): AzureServices {
    return this.deps.connection().servicesFor(subscription);
  }

  groupsOf(subscription: SubscriptionRef): Promise<{ groups: ResourceGroupInfo[]; identities: readonly UserAssignedIdentityInfo[] }> {
    return this.once(this.groups, subscription, 'Listing resource groups…', async () => {
      const [groups, model] = await Promise.all([this.services(subscription).subscriptions.listResourceGroups(subscription.subscriptionId), this.deps.tree.loadModel(subscription)]);
      return { groups, identities: model.status === 'ok' ? model.identities : [] };
    });
  }

  locationsOf(subscription: SubscriptionRef): Promise<LocationInfo[]> {
    return this.once(this.locations, subscription, 'Listing locations…', () => this.services(subscription).subscriptions.listLocations(subscription.subscriptionId));
  }

  private once<T>(cache: Map<string, Promise<T>>, subscription: SubscriptionRef, progressTitle: string, load: () => Promise<T>): Promise<T> {
    const key = subscription.subscriptionId.toLowerCase();
    let listed = cache.get(key);
    if (listed === undefined) {
      listed = Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: progressTitle }, load));
      // A failed listing is not kept: going back and forth tries again.
      listed.catch(() => cache.delete(key));
      cache.set(key, listed);
    }
    return listed;
  }
}

class SubscriptionStep extends AzureWizardPromptStep<CreateIdentityContext> {
  private subscriptions: SubscriptionRef[] = [];

  constructor(private readonly deps: ExplorerCommandDeps) {
    super();
  }

  override async configureBeforePrompt(context: CreateIdentityContext): Promise<void> {
    if (context.subscription !== undefined) return;
    this.subscriptions = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Listing subscriptions…' }, () => this.deps.tree.loadedSubscriptions());
    if (this.subscriptions.length === 0) throw new ToolError('notFound', 'This account has no subscriptions to work in.');
    if (this.subscriptions.length === 1) context.subscription = this.subscriptions[0];
  }

  shouldPrompt(context: CreateIdentityContext): boolean {
    return context.subscription === undefined;
  }

  async prompt(context: CreateIdentityContext): Promise<void> {
    const picked = await context.ui.showQuickPick(
      this.subscriptions.map((s) => ({ label: s.name, description: s.subscriptionId, subscription: s })),
      { title, placeHolder: 'Subscription', matchOnDescription: true, ignoreFocusOut: true, stepName: 'subscription' },
    );
    context.subscription = picked.subscription;
  }
}

class ResourceGroupStep extends AzureWizardPromptStep<CreateIdentityContext> {
  private groups: ResourceGroupInfo[] = [];

  constructor(private readonly listings: SubscriptionListings) {
    super();
  }

  override async configureBeforePrompt(context: CreateIdentityContext): Promise<void> {
    this.groups = (await this.listings.groupsOf(subscriptionOf(context))).groups;
    const preset = context.resourceGroup;
    if (preset !== undefined && context.groupLocation === undefined && !context.newResourceGroup) {
      context.groupLocation = this.groups.find((g) => g.name.toLowerCase() === preset.toLowerCase())?.location;
    }
  }

  shouldPrompt(context: CreateIdentityContext): boolean {
    return context.resourceGroup === undefined && !context.newResourceGroup;
  }

  async prompt(context: CreateIdentityContext): Promise<void> {
    const createNew = { label: '$(add) Create new resource group…', group: undefined };
    const picked = await context.ui.showQuickPick<{ label: string; description?: string; group: ResourceGroupInfo | undefined }>(
      [createNew, ...this.groups.map((g) => ({ label: g.name, description: g.location, group: g }))],
      { title: `${title}: resource group`, placeHolder: `Resource group in ${subscriptionOf(context).name}`, ignoreFocusOut: true, matchOnDescription: true, stepName: 'resourceGroup' },
    );
    if (picked.group) {
      context.resourceGroup = picked.group.name;
      context.groupLocation = picked.group.location;
    } else {
      context.newResourceGroup = true;
    }
  }
}

class NewResourceGroupNameStep extends AzureWizardPromptStep<CreateIdentityContext> {
  constructor(private readonly listings: SubscriptionListings) {
    super();
  }

  shouldPrompt(context: CreateIdentityContext): boolean {
    return context.newResourceGroup === true && context.resourceGroup === undefined;
  }

  async prompt(context: CreateIdentityContext): Promise<void> {
    const existing = new Set((await this.listings.groupsOf(subscriptionOf(context))).groups.map((g) => g.name.toLowerCase()));
    context.resourceGroup = await context.ui.showInputBox({
      title: `${title}: new resource group`,
      prompt: 'Name of the new resource group',
      ignoreFocusOut: true,
      stepName: 'newResourceGroup',
      validateInput: (value) => newResourceGroupProblem(value, existing),
    });
  }
}

class LocationStep extends AzureWizardPromptStep<CreateIdentityContext> {
  constructor(private readonly listings: SubscriptionListings) {
    super();
  }

  shouldPrompt(context: CreateIdentityContext): boolean {
    return context.location === undefined;
  }

  async prompt(context: CreateIdentityContext): Promise<void> {
    const resourceGroup = resourceGroupOf(context);
    const locations = await this.listings.locationsOf(subscriptionOf(context));
    const picked = await context.ui.showQuickPick(locationChoices(locations, context.groupLocation, resourceGroup), {
      title: `${title}: location`,
      placeHolder: 'Location of the identity',
      matchOnDescription: true,
      ignoreFocusOut: true,
      stepName: 'location',
    });
    context.location = picked.location;
  }
}

class NameStep extends AzureWizardPromptStep<CreateIdentityContext> {
  constructor(private readonly listings: SubscriptionListings) {
    super();
  }

  shouldPrompt(context: CreateIdentityContext): boolean {
    return context.name === undefined;
  }

  async prompt(context: CreateIdentityContext): Promise<void> {
    const resourceGroup = resourceGroupOf(context);
    // Refused as typed when the explorer already shows an identity of that name in the group (a new group has none).
    const identities = context.newResourceGroup ? [] : (await this.listings.groupsOf(subscriptionOf(context))).identities;
    const taken = new Set(identities.filter((i) => i.resourceGroup.toLowerCase() === resourceGroup.toLowerCase()).map((i) => i.name.toLowerCase()));
    context.name = await context.ui.showInputBox({
      title: `${title}: name`,
      prompt: `Name of the new identity in ${resourceGroup} (${context.location ?? ''})`,
      placeHolder: 'e.g. id-orders-api',
      ignoreFocusOut: true,
      stepName: 'name',
      validateInput: (value) => identityNameProblem(value, taken, resourceGroup),
    });
  }
}

class CreateResourceGroupStep extends AzureWizardExecuteStep<CreateIdentityContext> {
  priority = 100;

  constructor(private readonly listings: SubscriptionListings) {
    super();
  }

  shouldExecute(context: CreateIdentityContext): boolean {
    return context.newResourceGroup === true;
  }

  async execute(context: CreateIdentityContext): Promise<void> {
    const subscription = subscriptionOf(context);
    const resourceGroup = resourceGroupOf(context);
    context.report?.(`creating resource group ${resourceGroup}…`);
    await this.listings.services(subscription).subscriptions.ensureResourceGroup(subscription.subscriptionId, resourceGroup, required(context.location, 'location'), context.signal);
    context.resourceGroupCreated = true;
  }
}

class CreateIdentityStep extends AzureWizardExecuteStep<CreateIdentityContext> {
  priority = 200;

  constructor(private readonly listings: SubscriptionListings) {
    super();
  }

  shouldExecute(): boolean {
    return true;
  }

  async execute(context: CreateIdentityContext): Promise<void> {
    const subscription = subscriptionOf(context);
    const resourceGroup = resourceGroupOf(context);
    context.report?.(`in ${resourceGroup}…`);
    const name = required(context.name, 'name');
    try {
      context.created = await this.listings.services(subscription).identities.createIdentity(
        { subscriptionId: subscription.subscriptionId, resourceGroup, name, location: required(context.location, 'location'), ifExists: 'fail' },
        context.signal,
      );
    } catch (error) {
      if (!context.resourceGroupCreated) throw error;
      // Say what was done: the new group exists, empty, and the identity does not (or may still appear, if
      // the request reached Azure before it was cancelled).
      const what = isCancellationError(error) ? 'it was cancelled (if the request had reached Azure, the identity may still appear; refresh to see)' : errorMessage(error);
      throw new ToolError(ToolError.is(error) ? error.reason : 'unknown', `Created resource group ${resourceGroup}, but not the identity ${name}: ${what}. The group is empty: choose it to try again, or delete it.`, error);
    }
  }
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`Create identity: no ${what} was chosen.`);
  return value;
}

function subscriptionOf(context: CreateIdentityContext): SubscriptionRef {
  return required(context.subscription, 'subscription');
}

function resourceGroupOf(context: CreateIdentityContext): string {
  return required(context.resourceGroup, 'resource group');
}

/** Creates an identity; a subscription, resource group or identity node answers the steps it implies. */
export async function createIdentity(deps: ExplorerCommandDeps, node: TreeNode | undefined): Promise<void> {
  const context: CreateIdentityContext = newWizardContext('managedIdentity.createIdentity');
  if (node?.kind === 'subscription' || node?.kind === 'identityGroup' || node?.kind === 'resourceGroup' || node?.kind === 'identity') context.subscription = node.subscription;
  if (node?.kind === 'resourceGroup') context.resourceGroup = node.resourceGroup;
  if (node?.kind === 'identity') context.resourceGroup = node.identity.resourceGroup;

  const listings = new SubscriptionListings(deps);
  await runWizard(context, {
    title,
    promptSteps: [new SubscriptionStep(deps), new ResourceGroupStep(listings), new NewResourceGroupNameStep(listings), new LocationStep(listings), new NameStep(listings)],
    executeSteps: [new CreateResourceGroupStep(listings), new CreateIdentityStep(listings)],
    progressTitle: (c) => `Creating managed identity ${c.name ?? ''}`,
  });

  const created = required(context.created, 'identity');
  const subscription = subscriptionOf(context);
  deps.logger.info(`Created managed identity ${created.id} (client ID ${created.clientId})`);
  deps.tree.refreshSubscription(subscription);
  const createdNode = await deps.tree.identityNode(subscription, created.id);
  if (createdNode) await deps.reveal(createdNode);
  const copy = 'Copy Client ID';
  void vscode.window.showInformationMessage(`Created identity ${created.name} (client ID ${created.clientId}).`, copy).then(async (choice) => {
    if (choice === copy) await vscode.env.clipboard.writeText(created.clientId);
  });
}

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { commandIds } from '../../src/extension/commandIds';
import { repoRoot } from './repoRoot';

interface Manifest {
  activationEvents: string[];
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    views: Record<string, { id: string }[]>;
    viewsContainers: { activitybar: { id: string; icon: string }[] };
    viewsWelcome: { view: string; contents: string }[];
    menus: Record<string, { command: string }[]>;
  };
}

const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Manifest;

describe('package.json contributions', () => {
  it('declares exactly the commands in commandIds, each with the Managed Identity category', () => {
    const declared = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(declared, [...commandIds].sort());
    for (const c of manifest.contributes.commands) {
      assert.equal(c.category, 'Managed Identity', `${c.command} category`);
    }
  });

  it('menus refer only to declared commands', () => {
    for (const [menu, entries] of Object.entries(manifest.contributes.menus)) {
      for (const entry of entries) {
        assert.ok((commandIds as readonly string[]).includes(entry.command), `${menu}: ${entry.command}`);
      }
    }
  });

  it('does not activate eagerly', () => {
    for (const event of manifest.activationEvents) {
      assert.notEqual(event, '*');
      assert.notEqual(event, 'onStartupFinished');
    }
  });

  it('has an activity-bar container with an icon that exists, a view, and its welcome content', () => {
    const [container] = manifest.contributes.viewsContainers.activitybar;
    assert.ok(container, 'activity-bar container');
    readFileSync(join(repoRoot, container.icon));
    const views = manifest.contributes.views[container.id];
    assert.ok(views?.some((v) => v.id === 'managedIdentity.explorer'));
    const welcome = manifest.contributes.viewsWelcome.find((w) => w.view === 'managedIdentity.explorer');
    assert.ok(welcome);
    for (const [, command] of welcome.contents.matchAll(/\(command:([\w.]+)\)/g)) {
      assert.ok((commandIds as readonly string[]).includes(command ?? ''), `welcome links to ${command}`);
    }
  });
});

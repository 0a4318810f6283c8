import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeEvent, type EventInput } from '../../src/core/event.ts';
import {
  buildMessage, describe as describeLines, fitJson, MARKDOWN, OTHER_CHANGES_MAX, renderValue, toneOf, truncate, utf8Length, VALUE_MAX,
} from '../../src/platforms/message.ts';
import { CASES } from './events.ts';

const ev = (input: EventInput) => normalizeEvent(input, 'evt_1', new Date('2025-01-01T00:00:00Z'));

describe('truncate', () => {
  it('leaves text within the limit alone', () => {
    assert.equal(truncate('hello', 5), 'hello');
    assert.equal(truncate('界界', 6, 'bytes'), '界界');
  });

  it('cuts by characters and ends in an ellipsis', () => {
    assert.equal(truncate('abcdefgh', 5), 'abcd…');
    assert.equal(truncate('abc', 1), '…');
    assert.equal(truncate('abc', 0), '');
  });

  it('never keeps half a surrogate pair', () => {
    const cut = truncate('a😀😀😀', 3);
    assert.equal(cut, 'a…');
    assert.ok(cut.length <= 3);
  });

  it('cuts by UTF-8 bytes without splitting a character', () => {
    const cut = truncate('界'.repeat(10), 10, 'bytes'); // 3 bytes each; "…" is 3 more
    assert.equal(cut, '界界…');
    assert.ok(utf8Length(cut) <= 10);
    const emoji = truncate('😀'.repeat(10), 9, 'bytes');
    assert.equal(emoji, '😀…');
    assert.ok(!emoji.includes('\uFFFD'));
  });

  it('cuts a very long text by bytes to exactly fit', () => {
    const cut = truncate('x'.repeat(1_000_000), 4096, 'bytes');
    assert.equal(utf8Length(cut), 4096);
    assert.ok(cut.endsWith('…'));
  });
});

describe('renderValue', () => {
  it('renders values as compact JSON and marks a missing one', () => {
    assert.equal(renderValue(3), '3');
    assert.equal(renderValue('nginx'), '"nginx"');
    assert.equal(renderValue({ a: [1, 2] }), '{"a":[1,2]}');
    assert.equal(renderValue(null), 'null');
    assert.equal(renderValue(undefined), '(unset)');
  });

  it('cuts long values', () => {
    const v = renderValue('x'.repeat(50_000));
    assert.equal(v.length, VALUE_MAX);
    assert.ok(v.endsWith('…'));
  });
});

describe('buildMessage', () => {
  it('heads with the event, kind and namespace/name', () => {
    assert.equal(buildMessage(CASES.update!).headline, 'Deployment default/web updated by system:serviceaccount:ci:deployer');
    assert.equal(buildMessage(ev({ event: 'create', resource: 'Namespace', name: 'team-a' })).headline, 'Namespace team-a created');
    assert.equal(buildMessage(ev({ event: 'test', summary: 'hello' })).headline, 'hello (a test: no action needed)');
    assert.equal(buildMessage(ev({ event: 'github.push', summary: 'pushed 3 commits' })).headline, 'pushed 3 commits');
    assert.equal(buildMessage(ev({ event: 'github.push' })).headline, 'github.push');
  });

  it('keeps only known facts', () => {
    assert.deepEqual(buildMessage(CASES.update!).facts.map((f) => f.label), ['Cluster', 'Resource', 'Actor', 'Time']);
    // The cluster is always named, even when the event gives none.
    assert.deepEqual(buildMessage(ev({ event: 'test' })).facts.map((f) => f.label), ['Cluster', 'Time']);
  });

  it('shows the main change with old → new and lists the others once', () => {
    const msg = buildMessage(CASES.update!);
    assert.deepEqual(msg.change, { field: 'spec.template.spec.containers[0].image', old: '"nginx:1.25"', new: '"nginx:1.27"' });
    assert.deepEqual(msg.otherChanges.map((c) => c.field), ['metadata.labels.version', 'spec.template.metadata.annotations']);
    const lines = describeLines(msg, MARKDOWN);
    assert.equal(lines[0], '**spec.template.spec.containers[0].image**: `"nginx:1.25"` → `"nginx:1.27"`');
    assert.ok(lines.includes('- **metadata.labels.version**: `"v1"` → `"v2"`'));
  });

  it('counts the changes and labels it does not show', () => {
    const msg = buildMessage(CASES.huge!);
    assert.equal(msg.otherChanges.length, OTHER_CHANGES_MAX);
    assert.equal(msg.hiddenChanges, 200 - OTHER_CHANGES_MAX);
    assert.equal(msg.hiddenLabels, 40);
    const lines = describeLines(msg, MARKDOWN);
    assert.ok(lines.includes(`…and ${200 - OTHER_CHANGES_MAX} more`));
    assert.ok(lines.some((l) => l.endsWith('…and 40 more')));
  });

  it('gives alerts their summary and labels', () => {
    const msg = buildMessage(CASES.alert!);
    assert.equal(msg.headline, 'Pod default/api-7d9 is restarting 3 times / 5 minutes');
    const lines = describeLines(msg, MARKDOWN);
    assert.ok(lines[0]!.startsWith('**Labels**: `alertname=KubePodCrashLooping`, `severity=critical`'), 'the summary is the headline, not repeated');
  });

  it('shows a value holding a backtick as plain text', () => {
    const lines = describeLines(buildMessage(ev({ event: 'update', detail: { field: 'f', old: 'a`b', new: 'c' } })), MARKDOWN);
    assert.equal(lines[0], '**f**: "a`b" → `"c"`');
  });

  it('maps event types to tones', () => {
    assert.deepEqual(['create', 'update', 'scale', 'delete', 'alert', 'resolved', 'deny', 'test', 'github.push', 'constructor'].map(toneOf),
      ['good', 'info', 'warning', 'danger', 'danger', 'good', 'critical', 'neutral', 'info', 'info']);
  });
});

describe('fitJson', () => {
  it('shrinks the text budget until the serialized body fits', () => {
    const text = '"'.repeat(10_000); // each quote doubles in JSON
    const body = fitJson((budget) => ({ text: truncate(text, budget) }), 5000, 10_000);
    assert.ok(utf8Length(body) <= 5000, `${utf8Length(body)} bytes`);
    assert.ok(utf8Length(body) > 4000, 'it should not shrink far more than needed');
  });
});

describe('a late message', () => {
  it('says how late it is in its headline, from a minute on', () => {
    const e = ev({ event: 'update', namespace: 'prod', resource: 'Deployment', name: 'api', summary: 'image changed' });
    assert.equal(buildMessage(e).headline, 'Deployment prod/api updated');
    assert.equal(buildMessage(e, 59_999).headline, 'Deployment prod/api updated');
    assert.equal(buildMessage(e, 7 * 60_000 + 5000).headline, 'Deployment prod/api updated (delayed 7 min)');
    assert.equal(buildMessage(e, 125 * 60_000).headline, 'Deployment prod/api updated (delayed 2 h 5 min)');
    assert.equal(buildMessage(e, 3 * 3600_000).headline, 'Deployment prod/api updated (delayed 3 h)');
  });

  it('keeps the summary out of the lines when the headline already ends with it, delay note or not', () => {
    const e = ev({ event: 'alert', summary: 'disk almost full' });
    const late = buildMessage(e, 10 * 60_000);
    assert.equal(late.headline, 'disk almost full (delayed 10 min)');
    assert.deepEqual(describeLines(late, MARKDOWN), describeLines(buildMessage(e), MARKDOWN));
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lookup, renderTemplate, templateValue } from '../../src/platforms/template.ts';
import { CASES, TEMPLATE, TEMPLATE_TEXT } from './events.ts';

const update = CASES.update!;

describe('renderTemplate', () => {
  it('fills placeholders from the event payload', () => {
    assert.equal(renderTemplate(TEMPLATE, update), TEMPLATE_TEXT);
  });

  it('allows spaces inside the braces', () => {
    assert.equal(renderTemplate('{{ event }}/{{  name  }}', update), 'update/web');
  });

  it('renders a missing value, or null, as empty', () => {
    assert.equal(renderTemplate('[{{nope}}][{{detail.nope.deeper}}][{{data.x}}]', update), '[][][]');
    assert.equal(renderTemplate('[{{detail.old}}]', CASES.create!), '[]'); // create has no detail: old is null
  });

  it('renders objects and arrays as compact JSON, numbers as text', () => {
    assert.equal(renderTemplate('{{detail.new}}', CASES.scale!), '5');
    assert.equal(renderTemplate('{{changes.length}} changes', update), '3 changes');
    assert.equal(renderTemplate('{{changes.2.new}}', update), '{"a":"2","b":"<b>&"}');
    assert.equal(renderTemplate('{{labels.severity}} {{labels}}', CASES.alert!),
      'critical {"alertname":"KubePodCrashLooping","severity":"critical","namespace":"default","pod":"api-7d9"}');
  });

  it('keeps text that is not a placeholder as written', () => {
    const t = '{{ 1 + 1 }} {{event | upper}} {{ unclosed {event}} }}{{';
    assert.equal(renderTemplate(t, update), t);
  });

  it('runs no code and reaches no inherited property', () => {
    for (const path of ['constructor', 'detail.constructor.name', '__proto__', 'toString', 'changes.map', 'name.length']) {
      assert.equal(renderTemplate(`{{${path}}}`, update), '', path);
    }
    assert.equal(renderTemplate('{{process.env.HOME}}{{globalThis}}', update), '');
  });

  it('escapes inserted values but not the template text', () => {
    const esc = (t: string) => t.replace(/</g, '&lt;');
    assert.equal(renderTemplate('<b>{{changes.2.new.b}}</b>', update, esc), '<b>&lt;b>&</b>');
  });
});

describe('template helpers', () => {
  it('follows own properties of objects and arrays only', () => {
    assert.equal(lookup({ a: [{ b: 1 }] }, 'a.0.b'), 1);
    assert.equal(lookup({ a: 'text' }, 'a.length'), undefined);
    assert.equal(lookup(Object.create({ inherited: 1 }) as object, 'inherited'), undefined);
  });

  it('turns values into text', () => {
    assert.deepEqual([undefined, null, 'x', 0, false, [1], { a: null }].map(templateValue), ['', '', 'x', '0', 'false', '[1]', '{"a":null}']);
  });
});

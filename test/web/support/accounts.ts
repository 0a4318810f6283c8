import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { TestHerald } from '../../support/herald.ts';

/** Console users made through the users API with the admin bearer token, as an operator would. */
export interface TestUser { name: string; password: string; role: 'admin' | 'ops' | 'viewer' }

/** Creates the user and returns its id. */
export async function createUser(herald: TestHerald, user: TestUser): Promise<string> {
  const r = await herald.api('/api/v1/users', { body: { name: user.name, password: user.password, role: user.role } });
  assert.equal(r.status, 201, `POST /api/v1/users answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body.id as string;
}

/** Signs in through the login page, the way a person does. */
export async function logIn(page: Page, user: TestUser): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Username').fill(user.name);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

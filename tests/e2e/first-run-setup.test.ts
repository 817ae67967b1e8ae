import { describe, expect, it } from 'vitest';
import { useBrowserStation } from '../support/browser.ts';

const browser = useBrowserStation();

describe('first run', () => {
  it('an empty station asks for its owner, who is then signed in', async () => {
    const { newPage, screenshot } = browser();
    const page = await newPage();
    await page.goto('/');
    const form = page.getByTestId('setup-form');
    await form.waitFor();
    // By accessible name, as a screen reader announces the fields.
    const field = (name: string) => form.getByRole('textbox', { name, exact: true });
    await field('Station name').fill('North Garage');
    await field('Name').fill('Olga Owner');
    await field('Login').fill('olga');
    await field('Password').fill('short');
    await field('Repeat the password').fill('short');
    await page.getByTestId('setup-submit').click();
    await form.getByText('At least 8 characters').first().waitFor();

    await field('Password').fill('north-garage-owner');
    await field('Repeat the password').fill('north-garage-owner');
    await screenshot(page, 'first-run-setup');
    await page.getByTestId('setup-submit').click();

    await page.getByRole('heading', { name: 'Welcome, Olga Owner' }).waitFor();
    expect(await page.getByTestId('station-name').textContent()).toBe('North Garage');
    await screenshot(page, 'first-run-owner-home');
  });
});

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { makeUser } from '../support/factories.ts';
import { useBrowserStation } from '../support/browser.ts';

const browser = useBrowserStation();

async function signIn(page: Page, login: string, password: string) {
  await page.getByTestId('login-login').fill(login);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/** Signs in and waits for the server's answer to be on screen. */
async function attemptSignIn(page: Page, login: string, password: string) {
  const answered = page.waitForResponse((response) => response.url().endsWith('/api/auth/login'));
  await signIn(page, login, password);
  await answered;
  await page.locator('[data-testid="login-submit"]:not([aria-busy])').waitFor();
}

async function signOut(page: Page) {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('sign-out').click();
  await page.getByTestId('login-form').waitFor();
}

describe('desk sign-in', () => {
  it('an owner creates an advisor on the Users screen, signs out, and the advisor signs in', async () => {
    const { station, newPage, screenshot } = browser();
    const owner = await makeUser(station, 'owner', { login: 'olga' });
    const page = await newPage();

    await page.goto('/');
    await signIn(page, owner.login, owner.password);
    await page.getByTestId('nav-users').click();
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();

    await page.getByTestId('user-create').click();
    const dialog = page.getByTestId('user-dialog');
    await dialog.getByTestId('user-displayName').fill('Anna Advisor');
    await dialog.getByTestId('user-login').fill('anna');
    await dialog.getByTestId('user-role').selectOption('advisor');
    await dialog.getByTestId('user-password').fill('anna-front-desk-7');
    await dialog.getByTestId('user-save').click();

    const row = page.locator('[data-testid="user-row"][data-login="anna"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('Anna Advisor');
    expect(await page.getByTestId('toast').first().textContent()).toContain('Anna Advisor can now sign in');
    await screenshot(page, 'desk-owner-created-advisor');

    await signOut(page);
    await signIn(page, 'anna', 'anna-front-desk-7');
    await page.getByRole('heading', { name: 'Welcome, Anna Advisor' }).waitFor();
    expect(await page.getByTestId('user-menu').textContent()).toContain('Service advisor');
    // An advisor's menu has no Users, Kiosk devices or Audit log (the API would refuse them too).
    expect(await page.getByTestId('nav-users').count()).toBe(0);
    expect(await page.getByTestId('nav-devices').count()).toBe(0);
    expect(await page.getByTestId('nav-staff').count()).toBe(1);
    await screenshot(page, 'desk-advisor-signed-in');
    expect(browser().pageErrors).toEqual([]);
  });

  it('refuses a wrong password with a visible, translated message', async () => {
    const { station, newPage, screenshot } = browser();
    const manager = await makeUser(station, 'manager');
    const page = await newPage();

    await page.goto('/');
    await signIn(page, manager.login, 'not-the-password');
    const error = page.getByTestId('login-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('Wrong login or password.');
    expect(await page.getByTestId('user-menu').count()).toBe(0);
    await screenshot(page, 'desk-wrong-password');

    await page.getByTestId('language-ru').click();
    await signIn(page, manager.login, 'still-not-the-password');
    await page.getByText('Неверный логин или пароль.').waitFor();
    await screenshot(page, 'desk-wrong-password-ru');
  });

  it('after five wrong passwords the account is locked, and the screen says for how long', async () => {
    const { station, newPage, screenshot } = browser();
    const storekeeper = await makeUser(station, 'storekeeper');
    const page = await newPage();

    await page.goto('/');
    const error = page.getByTestId('login-error');
    let text = '';
    for (let attempt = 1; attempt <= 6 && !text.includes('locked'); attempt++) {
      await attemptSignIn(page, storekeeper.login, `wrong-password-${attempt}`);
      text = (await error.textContent()) ?? '';
    }
    expect(text).toContain('Too many wrong passwords: this account is locked for 15 min.');
    // Even the right password is refused while the lock lasts.
    await attemptSignIn(page, storekeeper.login, storekeeper.password);
    expect(await error.textContent()).toContain('locked for 15 min');
    expect(await page.getByTestId('user-menu').count()).toBe(0);
    await screenshot(page, 'desk-locked-out');
  });

  it('switching the desk to Russian shows Russian labels, and the choice survives a reload', async () => {
    const { station, newPage, screenshot } = browser();
    const manager = await makeUser(station, 'manager', { login: 'maxim' });
    const page = await newPage();

    await page.goto('/');
    await signIn(page, manager.login, manager.password);
    expect(await page.getByTestId('nav-users').textContent()).toContain('Users');

    await page.getByTestId('user-menu').click();
    await page.getByTestId('language-ru').click();
    await page.getByTestId('nav-users').getByText('Пользователи').waitFor();
    expect(await page.getByTestId('nav-staff').textContent()).toContain('Сотрудники и бейджи');
    expect(await page.getByTestId('nav-devices').textContent()).toContain('Киоски');
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');

    await page.reload();
    await page.getByTestId('nav-users').getByText('Пользователи').waitFor();
    await page.getByTestId('nav-users').click();
    await page.getByRole('heading', { name: 'Пользователи', level: 1 }).waitFor();
    expect(await page.getByTestId('user-create').textContent()).toContain('Новый пользователь');
    await screenshot(page, 'desk-russian');
  });
});

'use client';

import { useActionState } from 'react';
import { ErrorNotice } from '@/components/error-notice';
import { login, type LoginState } from './actions';

const initialState: LoginState = { errors: {}, message: null, nextStep: null, username: '' };

/** Works without JavaScript too: the form posts to the server action. */
export function LoginForm({ next }: { next: string }) {
  const [state, formAction, isPending] = useActionState(login, initialState);
  const usernameError = state.errors.username?.[0];
  const passwordError = state.errors.password?.[0];

  return (
    <form action={formAction} className="form" aria-describedby={state.message ? 'login-result' : undefined}>
      <div id="login-result">
        {state.message ? <ErrorNotice error={{ message: state.message, nextStep: state.nextStep ?? '' }} /> : null}
      </div>
      <input type="hidden" name="next" value={next} />
      <div className="field">
        <label htmlFor="username">Username</label>
        <input
          id="username"
          name="username"
          type="text"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          defaultValue={state.username}
          aria-invalid={usernameError ? true : undefined}
          aria-describedby={usernameError ? 'username-error' : undefined}
        />
        {usernameError ? (
          <p id="username-error" className="field-error">
            {usernameError}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={passwordError ? true : undefined}
          aria-describedby={passwordError ? 'password-error' : undefined}
        />
        {passwordError ? (
          <p id="password-error" className="field-error">
            {passwordError}
          </p>
        ) : null}
      </div>
      <button type="submit" className="button" disabled={isPending} aria-busy={isPending || undefined}>
        {isPending ? 'Logging in…' : 'Log in'}
      </button>
    </form>
  );
}

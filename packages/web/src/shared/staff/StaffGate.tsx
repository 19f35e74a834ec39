import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import './messages.js';
import {
  type ApiProblem,
  api,
  asProblem,
  type StaffRole,
  type StaffSession,
  setCsrfToken,
} from './api.js';
import { ProblemNotice } from './ProblemNotice.js';
import { TextInput } from './TextInput.js';

/** `sessionStorage` key: this tab signed in (the cookie itself is out of the page's reach). */
const SIGNED_IN = 'corridor.staff.signedIn';

const SessionContext = createContext<StaffSession | undefined>(undefined);

/** The signed-in caller (inside a {@link StaffGate}). */
export function useStaffSession(): StaffSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useStaffSession outside StaffGate');
  return session;
}

/**
 * Shows its children to a signed-in caller of one of `roles`, else the sign-in form (or, for a
 * caller of another role, says whose page this is). Only a convenience: the node checks the
 * role on every call.
 */
export function StaffGate({
  roles,
  children,
}: {
  roles: readonly StaffRole[];
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const [session, setSession] = useState<StaffSession | null>();
  const signedIn = useCallback((s: StaffSession) => {
    setCsrfToken(s.csrfToken);
    sessionStorage.setItem(SIGNED_IN, '1');
    setSession(s);
  }, []);
  useEffect(() => {
    // The cookie is HttpOnly: the page only remembers (for this tab) that it signed in, and asks
    // the node who it is only then (no refused request on a first visit).
    if (!sessionStorage.getItem(SIGNED_IN)) {
      setSession(null);
      return;
    }
    api<StaffSession>('GET', '/staff/session')
      .then(signedIn)
      .catch(() => {
        sessionStorage.removeItem(SIGNED_IN);
        setSession(null);
      });
  }, [signedIn]);
  const signOut = useCallback(async () => {
    await api('POST', '/staff/logout').catch(() => {});
    setCsrfToken('');
    sessionStorage.removeItem(SIGNED_IN);
    setSession(null);
  }, []);
  if (session === undefined)
    return (
      <p className="muted" role="status">
        {t('shell.loading')}
      </p>
    );
  if (session === null) return <SignIn onSignedIn={signedIn} />;
  return (
    <>
      <div className="staff-bar">
        <span>
          {t('staff.signedInAs', {
            account: session.account,
            role: t(`staff.roles.${session.role}`),
          })}
        </span>
        <Button className="react-aria-Button secondary" onPress={signOut}>
          {t('staff.signOut')}
        </Button>
      </div>
      {roles.includes(session.role) ? (
        <SessionContext.Provider value={session}>{children}</SessionContext.Provider>
      ) : (
        <p className="notice" role="alert">
          {t('staff.wrongRole', { roles: roles.map((r) => t(`staff.roles.${r}`)).join(' / ') })}
        </p>
      )}
    </>
  );
}

/** The sign-in form: account and password, coded refusals in the reader's language. */
function SignIn({ onSignedIn }: { onSignedIn: (s: StaffSession) => void }) {
  const { t } = useTranslation();
  const [account, setAccount] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  return (
    <Form
      className="staff-form sign-in"
      aria-labelledby="sign-in-title"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setProblem(undefined);
        try {
          const s = await api<StaffSession>('POST', '/staff/login', { account, password });
          onSignedIn(s);
        } catch (error) {
          setProblem(asProblem(error));
          setPassword('');
        } finally {
          setBusy(false);
        }
      }}
    >
      <h2 id="sign-in-title">{t('staff.signInTitle')}</h2>
      <TextInput
        name="account"
        label={t('staff.account')}
        value={account}
        onChange={setAccount}
        autoComplete="username"
      />
      <TextInput
        name="password"
        type="password"
        label={t('staff.password')}
        value={password}
        onChange={setPassword}
        autoComplete="current-password"
      />
      {problem && <ProblemNotice problem={problem} />}
      <div className="actions">
        <Button type="submit" className="react-aria-Button large" isDisabled={busy}>
          {t('staff.signIn')}
        </Button>
      </div>
    </Form>
  );
}

import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Home } from './roles/Home.js';
import { RoleLanding } from './roles/RoleLanding.js';
import { ROLES, type RoleId } from './roles/roles.js';
import { PageErrorBoundary } from './shared/layout/PageErrorBoundary.js';
import { Shell } from './shared/layout/Shell.js';
import { useRoute } from './shared/router.js';

// The scanner and the wallet load on demand: the home page and landings stay small.
const ScannerPage = lazy(() => import('./roles/border/ScannerPage.js'));
const WalletPage = lazy(() => import('./roles/wallet/WalletPage.js'));
// Staff pages (sign-in first), one chunk per role: none of them weighs on the scanner.
const IssuerConsole = lazy(() => import('./roles/issuer/IssuerConsole.js'));
const SponsorPage = lazy(() => import('./roles/lanes/SponsorPage.js'));
const AuthorityPage = lazy(() => import('./roles/lanes/AuthorityPage.js'));
const DeskPage = lazy(() => import('./roles/arrival/DeskPage.js'));
const LabPage = lazy(() => import('./roles/arrival/LabPage.js'));
const EscalationsPage = lazy(() => import('./roles/arrival/EscalationsPage.js'));
const MonitoringPage = lazy(() => import('./roles/monitoring/MonitoringPage.js'));
// The traveller's daily report (no account: the report link's token is the bearer).
const ReportPage = lazy(() => import('./roles/monitoring/ReportPage.js'));
const DashboardPage = lazy(() => import('./roles/dashboard/DashboardPage.js'));
// The gateway's operator console (the gateway serves the app for it).
const OperatorConsole = lazy(() => import('./roles/operator/OperatorConsole.js'));

function Loading() {
  const { t } = useTranslation();
  return (
    <p className="muted" role="status">
      {t('shell.loading')}
    </p>
  );
}

/** Picks the page for the current path. */
export function App() {
  const { path } = useRoute();
  const { t } = useTranslation();
  useEffect(() => {
    // Tests and the benchmark wait for this: the shell is on screen and interactive.
    document.documentElement.dataset.ready = 'shell';
    performance.mark('corridor:shell-ready');
  }, []);
  const page = (() => {
    if (path === '/') return <Home />;
    if (path === '/border/scan') return <ScannerPage />;
    if (path === '/wallet/certificates') return <WalletPage />;
    if (path === '/issuer') return <IssuerConsole />;
    if (path === '/sponsor') return <SponsorPage />;
    if (path === '/authority') return <AuthorityPage />;
    if (path === '/authority/escalations') return <EscalationsPage />;
    if (path === '/border/desk') return <DeskPage />;
    if (path === '/lab') return <LabPage />;
    if (path === '/monitoring') return <MonitoringPage />;
    if (path === '/report') return <ReportPage />;
    if (path === '/dashboard') return <DashboardPage />;
    if (path === '/operator') return <OperatorConsole />;
    if (path === '/border')
      return (
        <RoleLanding
          roleId="border"
          actions={[
            { to: '/border/scan', label: t('border.open') },
            { to: '/border/desk', label: t('border.openDesk') },
          ]}
        />
      );
    if (path === '/wallet')
      return (
        <RoleLanding
          roleId="wallet"
          actions={[{ to: '/wallet/certificates', label: t('wallet.open') }]}
        />
      );
    const role = ROLES.find((r) => `/${r.id}` === path);
    if (role) return <RoleLanding roleId={role.id as RoleId} />;
    return (
      <Shell title={t('notFound.title')}>
        <p>{t('notFound.body')}</p>
      </Shell>
    );
  })();
  return (
    <PageErrorBoundary
      key={path}
      fallback={(error) => (
        <Shell title={t('error.title')}>
          <p role="alert">{t('error.body')}</p>
          <p className="muted">{error.message}</p>
        </Shell>
      )}
    >
      <Suspense fallback={<Loading />}>{page}</Suspense>
    </PageErrorBoundary>
  );
}

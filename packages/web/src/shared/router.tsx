import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { RouterProvider } from 'react-aria-components';

/** Where the app is mounted on the node (Vite's `base`). */
export const BASE = import.meta.env.BASE_URL;

const RouteContext = createContext<{ path: string; navigate: (to: string) => void }>({
  path: '/',
  navigate: () => {},
});

/** The app-relative path of `location` (`/app/border/scan` → `/border/scan`). */
function currentPath(): string {
  const path = location.pathname.startsWith(BASE)
    ? `/${location.pathname.slice(BASE.length)}`
    : '/';
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

/** An app-relative path as a URL on the node (`/wallet` → `/app/wallet`). */
export function href(path: string): string {
  return `${BASE}${path.replace(/^\/+/, '')}`;
}

/**
 * A small history router: the app has a handful of pages, so a router library would cost more
 * than it saves. React Aria links navigate through it (client-side, offline-safe).
 */
export function AppRouter({ children }: { children: ReactNode }) {
  const [path, setPath] = useState(currentPath);
  useEffect(() => {
    const onPop = () => setPath(currentPath());
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((to: string) => {
    const url = to.startsWith(BASE) ? to : href(to);
    history.pushState(null, '', url);
    setPath(currentPath());
    scrollTo(0, 0);
  }, []);
  return (
    <RouteContext.Provider value={{ path, navigate }}>
      <RouterProvider navigate={navigate}>{children}</RouterProvider>
    </RouteContext.Provider>
  );
}

/** The current app-relative path and a function to go elsewhere. */
export function useRoute(): { path: string; navigate: (to: string) => void } {
  return useContext(RouteContext);
}

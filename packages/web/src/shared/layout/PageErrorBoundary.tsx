import { Component, type ReactNode } from 'react';

/**
 * Keeps one broken page from blanking the whole app: the error is shown in the app's frame and
 * the language switch and the way home stay usable.
 */
export class PageErrorBoundary extends Component<
  { fallback: (error: Error) => ReactNode; children: ReactNode },
  { error?: Error }
> {
  override state: { error?: Error } = {};

  static getDerivedStateFromError(error: Error): { error: Error } {
    return { error };
  }

  override componentDidCatch(error: Error): void {
    console.error(error);
  }

  override render(): ReactNode {
    return this.state.error ? this.props.fallback(this.state.error) : this.props.children;
  }
}

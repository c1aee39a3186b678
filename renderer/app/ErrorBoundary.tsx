import { Component, type ErrorInfo, type ReactNode } from 'react';
import type { i18n as I18n } from 'i18next';

interface Props {
  i18n: I18n;
  onError(error: Error, info: ErrorInfo): void;
  children: ReactNode;
}

/** A rendering bug shows a sentence instead of a blank window, and is reported to main's log. */
export class ErrorBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    this.props.onError(error, info);
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <main className="fatal" role="alert">
        <p>{this.props.i18n.t('errors.INTERNAL')}</p>
      </main>
    );
  }
}

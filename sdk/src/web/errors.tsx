import { Component, type ErrorInfo, type ReactNode } from 'react';

/** What went wrong with a form (the server's message, which names the field), read out when it appears. */
export function FormError({ error }: { error: string | null | undefined }) {
  return error ? (
    <p className="sp-form__error" role="alert">
      {error}
    </p>
  ) : null;
}

export interface ErrorCardProps {
  title: string;
  message?: string;
  /** The plugin the error belongs to, so users and tests can tell which one failed. */
  pluginName?: string;
}

export function ErrorCard({ title, message, pluginName }: ErrorCardProps) {
  return (
    <div className="sp-error-card" role="alert" data-testid="error-card" data-plugin={pluginName}>
      <strong className="sp-error-card__title">{title}</strong>
      {message ? <p className="sp-error-card__message">{message}</p> : null}
    </div>
  );
}

interface BoundaryProps {
  pluginName: string;
  /** What was being rendered ("panel lightcurve"), shown in the card. */
  label?: string;
  children: ReactNode;
}

interface BoundaryState {
  error: Error | null;
}

/** Keeps a crashing plugin component to its own card. */
export class PluginErrorBoundary extends Component<BoundaryProps, BoundaryState> {
  state: BoundaryState = { error: null };

  static getDerivedStateFromError(error: Error): BoundaryState {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`plugin ${this.props.pluginName} crashed`, error, info.componentStack);
  }

  render() {
    if (this.state.error) {
      const what = this.props.label ? ` (${this.props.label})` : '';
      return <ErrorCard pluginName={this.props.pluginName} title={`Plugin "${this.props.pluginName}" failed${what}`} message={this.state.error.message} />;
    }
    return this.props.children;
  }
}

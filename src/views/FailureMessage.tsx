/** A failure as a message a person understands, never a blank page; and a boundary that turns a crash into one. */
import * as React from 'react';
import { MessageCard, MessageCardSeverity } from 'azure-devops-ui/MessageCard';
import { describeFailure, type Failure } from './messages';

export function FailureMessage({ failure, onRetry }: { failure: Failure; onRetry?: () => void }): JSX.Element {
  return (
    <div className="da-failure page-content page-content-top">
      <MessageCard
        severity={MessageCardSeverity.Error}
        buttonProps={onRetry && failure.retry ? [{ text: 'Try again', onClick: onRetry }] : undefined}
      >
        <div className="flex-column">
          <span className="font-weight-semibold">{failure.title}</span>
          <span>{failure.message}</span>
        </div>
      </MessageCard>
    </div>
  );
}

export class ErrorBoundary extends React.Component<{ children: React.ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: unknown } {
    return { error };
  }

  override render(): React.ReactNode {
    if (this.state.error) {
      return <FailureMessage failure={describeFailure(this.state.error, 'this page')} onRetry={() => this.setState({ error: null })} />;
    }
    return this.props.children;
  }
}

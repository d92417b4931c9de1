import * as React from 'react';
import { render, screen } from '@testing-library/react';
import { ExportProgressBar, exportProgressText } from './ExportProgress';

describe('export progress', () => {
  it('says how far the hand-over to the exporter got, then that the file is being written and for how long', () => {
    expect(exportProgressText('xlsx', null, 0)).toBe('Exporting Excel…');
    expect(exportProgressText('xlsx', { stage: 'preparing', handed: 5000, total: 20000 }, 0)).toBe('Exporting Excel: preparing 5,000 of 20,000 deployments…');
    expect(exportProgressText('xlsx', { stage: 'writing', handed: 20000, total: 20000 }, 0)).toBe('Exporting Excel: writing the file of 20,000 deployments…');
    expect(exportProgressText('csv', { stage: 'writing', handed: 20000, total: 20000 }, 4)).toBe('Exporting CSV: writing the file of 20,000 deployments… 4 s');
  });

  it('shows the hand-over as a bar, and the writing (whose end is unknown) as an indeterminate one', () => {
    const view = render(<ExportProgressBar format="xlsx" progress={{ stage: 'preparing', handed: 250, total: 1000 }} started={Date.now()} />);
    expect(screen.getByRole('status').textContent).toContain('preparing 250 of 1,000 deployments');
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('250');
    view.rerender(<ExportProgressBar format="xlsx" progress={{ stage: 'writing', handed: 1000, total: 1000 }} started={Date.now()} />);
    expect(screen.getByRole('status').textContent).toContain('writing the file of 1,000 deployments');
  });
});

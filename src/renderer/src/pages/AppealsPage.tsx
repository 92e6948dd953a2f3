import type { ReactNode } from 'react';
import { EmptyState } from '../components/EmptyState';
import { Page, usePageLoaded } from '../components/Page';
import { useLabels } from '../status';

export function AppealsPage(): ReactNode {
  const labels = useLabels();
  usePageLoaded('appeals', true);
  return (
    <Page id="appeals" title="Appeals">
      <EmptyState title="No appeals logged">
        <p>
          Appeals against {labels.epaShort} grades will be logged here, each with its deadlines
          counted in working days (weekends and bank holidays in England and Wales do not count).
        </p>
        <p>
          Whoever decides an appeal must not have been involved in the assessment or its moderation.
          The {labels.epao}&apos;s decision on an appeal is final.
        </p>
      </EmptyState>
    </Page>
  );
}

import { describe, it } from 'vitest';
import { lineageContent } from '../../test/fixtures/formats/lineage/content.js';
import { lineageContext } from '../../test/fixtures/formats/lineage/context.js';
import { expectGolden } from '../../test/fixtures/formats/lineage/golden.js';
import { lineageRoutes } from './lineage-routes.js';

describe('lineage-routes', () => {
  it('renders the golden files', async () => {
    await expectGolden(
      'lineage-routes',
      lineageRoutes.render(lineageContent(), await lineageContext()),
    );
  });
});

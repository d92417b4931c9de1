import { sample } from '../../../test/support/samples';
import { buildArtifacts } from './build-refs';
import { releaseDeploymentSchema, type ReleaseArtifact } from './schemas';

describe('buildArtifacts', () => {
  type Options = { isPrimary?: boolean; project?: { id: string; name: string } };
  const artifact = (type: string, version: string | null, { isPrimary, project }: Options = {}): ReleaseArtifact => ({
    type,
    alias: `_${type}`,
    isPrimary: isPrimary ?? null,
    definitionReference: { version: version === null ? null : { id: version, name: version }, ...(project ? { project } : {}) },
  });
  const shop = { id: 'p-shop', name: 'Shop' };

  it('takes every Build artifact, the primary one first, and ignores other kinds', () => {
    const primary = [artifact('Git', '9', { isPrimary: true }), artifact('Build', '7'), artifact('Build', '8', { isPrimary: true })];
    expect(buildArtifacts(primary, 'Shop')).toEqual([{ id: 8, projectId: null }, { id: 7, projectId: null }]);
    const first = [artifact('GitHub', '9', { isPrimary: true }), artifact('build', '7'), artifact('Build', '8')];
    expect(buildArtifacts(first, 'Shop')).toEqual([{ id: 7, projectId: null }, { id: 8, projectId: null }]);
  });

  it('is empty when no Build artifact has a version id', () => {
    expect(buildArtifacts([], 'Shop')).toEqual([]);
    expect(buildArtifacts([artifact('Git', '9')], 'Shop')).toEqual([]);
    expect(buildArtifacts([artifact('Build', null)], 'Shop')).toEqual([]);
    expect(buildArtifacts([artifact('Build', 'latest')], 'Shop')).toEqual([]);
  });

  it("names the build's project only when it is not the audited one, known by name or by id", () => {
    expect(buildArtifacts([artifact('Build', '7', { project: shop })], 'shop')).toEqual([{ id: 7, projectId: null }]);
    expect(buildArtifacts([artifact('Build', '7', { project: shop })], 'p-shop')).toEqual([{ id: 7, projectId: null }]);
    expect(buildArtifacts([artifact('Build', '7', { project: { id: 'p-lib', name: 'Lib' } })], 'Shop')).toEqual([{ id: 7, projectId: 'p-lib' }]);
  });

  it('finds the build of another project in a captured deployment', () => {
    const deployment = releaseDeploymentSchema.parse(sample('captured/Core__Rules.Tests__Assets__ReleaseDeployment__Completed__Approved.json').resource.deployment);
    expect(buildArtifacts(deployment.release.artifacts, 'proeftuin')).toEqual([{ id: 119755, projectId: 'f64ffdfa-0c4e-40d9-980d-bb8479366fc5' }]);
  });
});

import { usePane } from '../context.tsx';
import { CorridorSection } from '../build/CorridorSection.tsx';
import { NeedSection, TrajectorySection } from '../build/NeedTrajectorySection.tsx';
import { PopulationSection } from '../build/PopulationSection.tsx';
import { SaveSection } from '../build/SaveSection.tsx';
import { ScopeSection } from '../build/ScopeSection.tsx';
import { StartSection } from '../build/StartSection.tsx';
import { ProvidersSection, WithholdSection } from '../build/WithholdProvidersSection.tsx';
import { Details } from '../parts.tsx';
import { useStore } from '../store.ts';

/** Build a scenario: start it, then the seven steps in order, then check and save. */
export function BuildView() {
  const { store } = usePane();
  const draft = useStore(store, (s) => s.draft);
  return (
    <>
      <StartSection />
      {draft && (
        <>
          <PopulationSection draft={draft} />
          <Details summary="Service scope and carve-outs">
            <ScopeSection draft={draft} />
          </Details>
          <Details summary="Need adjustment and convergence">
            <NeedSection draft={draft} />
          </Details>
          <Details summary="Trajectory and deficit">
            <TrajectorySection draft={draft} />
          </Details>
          <Details summary="Withhold and measures">
            <WithholdSection draft={draft} />
          </Details>
          <Details summary="Provider payment">
            <ProvidersSection draft={draft} />
          </Details>
          <CorridorSection draft={draft} />
          <SaveSection draft={draft} />
        </>
      )}
    </>
  );
}

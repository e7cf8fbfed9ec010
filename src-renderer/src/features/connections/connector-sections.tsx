import type { ConnectionView } from '../../../../src-preload/contract';
import type { RendererRegistry } from '../../connectors/registry';

/** What the view's connector draws under its connection form (a download, a note), from the registry. */
export function ConnectorSections({ view, connectors }: { view: ConnectionView; connectors: RendererRegistry }) {
  return (
    <>
      {connectors.connectionSections(view.connectorId).map(({ key, Component }) => (
        <Component key={key} view={view} />
      ))}
    </>
  );
}

import { Button, ButtonGroup, Section } from '@blueprintjs/core';
import { usePreferences, type ThemeChoice } from '../../app/preferences-store';

const CHOICES: readonly { value: ThemeChoice; label: string }[] = [
  { value: 'system', label: 'Follow the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** The theme, chosen here or in the sidebar; the first-run checklist, shown again. */
export function AppearanceSection() {
  const theme = usePreferences((s) => s.theme);
  return (
    <Section
      compact
      title="Appearance"
      icon="contrast"
      subtitle="The console's theme, kept for this data folder."
      data-testid="settings-appearance"
      rightElement={
        <ButtonGroup>
          {CHOICES.map((c) => (
            <Button key={c.value} size="small" text={c.label} active={theme === c.value} aria-pressed={theme === c.value} data-testid={`theme-${c.value}`} onClick={() => void usePreferences.getState().setTheme(c.value)} />
          ))}
        </ButtonGroup>
      }
    />
  );
}

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
            // The chosen one is filled and ticked, which reads in both themes (a pressed default button in the dark
            // theme is only a shade darker than the others).
            <Button
              key={c.value}
              size="small"
              text={c.label}
              icon={theme === c.value ? 'tick' : undefined}
              intent={theme === c.value ? 'primary' : 'none'}
              aria-pressed={theme === c.value}
              data-testid={`theme-${c.value}`}
              onClick={() => void usePreferences.getState().setTheme(c.value)}
            />
          ))}
        </ButtonGroup>
      }
    />
  );
}

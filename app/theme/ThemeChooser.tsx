// The theme switch in the masthead: follow the system, light (for a bright room or a projector)
// or dark. The choice is kept for the next visit (app/theme/theme.ts).

import { chooseTheme, useTheme, useThemeChoice, type ThemeChoice } from './theme';

const CHOICES: { choice: ThemeChoice; label: string; title: string }[] = [
  { choice: 'system', label: 'Auto', title: 'Follow the light or dark setting of this computer' },
  { choice: 'light', label: 'Light', title: 'Dark text on white: for a bright room or a projector' },
  { choice: 'dark', label: 'Dark', title: 'Light text on a dark background' },
];

export function ThemeChooser() {
  const choice = useThemeChoice();
  const theme = useTheme();
  return (
    <div className="theme-chooser" role="group" aria-label="colour theme" data-testid="theme" data-theme={theme}>
      <span className="toolbar-label">Theme</span>
      <div className="segmented">
        {CHOICES.map((c) => (
          <button
            key={c.choice}
            type="button"
            aria-pressed={choice === c.choice}
            title={c.choice === 'system' ? `${c.title} (now ${theme})` : c.title}
            onClick={() => {
              chooseTheme(c.choice);
            }}
          >
            {c.label}
          </button>
        ))}
      </div>
    </div>
  );
}

import type { ReactNode } from 'react';

interface PageHeaderProps {
  title: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
}

export function PageHeader({ title, subtitle, actions }: PageHeaderProps) {
  return (
    <header className="sd-page-header">
      <div className="sd-page-title">
        <h1>{title}</h1>
        {subtitle && <div className="sd-page-subtitle">{subtitle}</div>}
      </div>
      {actions && <div className="sd-page-actions">{actions}</div>}
    </header>
  );
}

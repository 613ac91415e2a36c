import type { ComponentType } from 'react';
import { AllowancePanel } from '../assistance/AllowancePanel.tsx';

/** What a case-type panel is given: the case, as the case page has it. */
export interface CasePanelProps {
  caseId: string;
  data: Record<string, unknown>;
  status: string;
}

/**
 * The extra panels a case type may declare (`panels` in its definition on the server), by name. The
 * generic case page knows no case type: a module adds its panel here and names it in its case type.
 */
export const CASE_PANELS: Record<string, ComponentType<CasePanelProps>> = {
  allowance: AllowancePanel,
};

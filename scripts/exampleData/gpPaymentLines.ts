/** Which columns of NHS Payments to General Practice, England, 2022-23 (NHS Digital, OGL v3) feed which service
 *  line of the examples, and why. Every column that makes up the file's `Total NHS Payments to General Practice`
 *  is in exactly one group (the reader checks this on every row), so nothing is dropped without a stated reason. */

/** Where a payment column goes: the core GMS/PMS/APMS line, the other primary medical care line, or nowhere. */
export type PaymentUse = 'core_gp' | 'other_primary' | 'excluded';

export interface PaymentGroup {
  use: PaymentUse;
  label: string;
  columns: readonly string[];
  /** The columns are parts of `Total NHS Payments to General Practice` (PCN, COVID and deductions are not). */
  inTotal: boolean;
  why: string;
}

export const TOTAL_COLUMN = 'Total NHS Payments to General Practice';
export const CODE_COLUMN = 'Practice Code';
export const REGISTERED_COLUMN = 'Number of Registered Patients (Last Known Figure)';

export const PAYMENT_GROUPS: readonly PaymentGroup[] = [
  {
    use: 'core_gp',
    label: 'contract capitation',
    columns: ['Global Sum', 'MPIG Correction factor', 'Balance of PMS Expenditure'],
    inTotal: true,
    why: 'the core contract payment for essential and additional services (GMS Global Sum and its MPIG correction, the PMS/APMS equivalent)',
  },
  {
    use: 'core_gp',
    label: 'premises',
    columns: ['Premises Payments'],
    inTotal: true,
    why: 'rent, rates and notional rent under the Premises Costs Directions: an entitlement of the GP contract holder that stays with its contract (so it leaves a partially integrated budget with the contract)',
  },
  {
    use: 'core_gp',
    label: 'other contract entitlements',
    columns: [
      'Seniority',
      'Doctors Retainer Scheme Payments',
      'Total Locum Allowances',
      'Appraisal - Appraiser Costs in Respect of Locums',
      'Prolonged Study Leave',
      'PCO Admin Other',
      'Information Management and Technology',
    ],
    inTotal: true,
    why: 'reimbursements the commissioner owes the contract holder under the Statement of Financial Entitlements (seniority, retainer, locum cover, appraisal, study leave, administration, IM&T)',
  },
  {
    use: 'other_primary',
    label: 'QOF',
    columns: ['Total QOF Payments'],
    inTotal: true,
    why: 'the Quality and Outcomes Framework: outside the core contract sum, and what a partially integrated contract can bring into its budget (MCP contract framework: a single contract for all non-core GMS/PMS services, e.g. QOF and LES; capitation-method A6)',
  },
  {
    use: 'other_primary',
    label: 'enhanced services and vaccinations',
    columns: [
      'Childhood Vaccination and Immunisation Scheme',
      'GP Extended Hours Access',
      'Influenza and Pneumococcal Immunisations',
      'Learning Disabilities',
      'Meningitis',
      'Minor Surgery',
      'Out Of Area in Hours Urgent Care',
      'Pertussis',
      'Rotavirus and Shingles Immunisation',
      'Services for Violent Patients',
      'Medical Assessment Reviews',
      'Weight Management Service',
      'Non DES Item Pneumococcal Vaccine, Childhood Immunisation Main Programme',
    ],
    inTotal: true,
    why: 'directed and national enhanced services and item-of-service vaccinations: services commissioned on top of the core contract',
  },
  {
    use: 'other_primary',
    label: 'local schemes',
    columns: [
      'Local Incentive Schemes',
      'General Practice Transformation',
      'PCN Participation',
      'Other Payments',
    ],
    inTotal: true,
    why: "locally commissioned schemes, transformation funding, the practice's own Network Participation Payment and other locally agreed payments: not part of the core contract",
  },
  {
    use: 'excluded',
    label: 'medicines',
    columns: ['Reimbursement of Drugs', 'Dispensing Fee Payments', 'Prescribing Fee Payments'],
    inTotal: true,
    why: "the cost of drugs dispensed or personally administered by the practice and the fees for supplying them: medicines, which the prescribing line already holds (from the spend table), so counting them here would pay for the same drugs twice and load dispensing practices' medicines onto general practice",
  },
  {
    use: 'excluded',
    label: 'non-recurrent funds',
    columns: ['winter Access Fund'],
    inTotal: true,
    why: 'a one-off fund for winter 2021/22 access, not part of a recurrent baseline',
  },
  {
    use: 'excluded',
    label: 'COVID',
    columns: ['Covid Immunisation', 'Covid Support and Expansion', 'Long Covid'],
    inTotal: false,
    why: 'pandemic payments: non-recurrent, and outside the practice total',
  },
  {
    use: 'excluded',
    label: 'PCN network payments',
    columns: [
      'PCN Leadership',
      'PCN Support',
      'PCN Extended Hours Access',
      'PCN Workforce',
      'PCN Investment and impact Fund',
      'PCN Care Home Premium',
      'PCN Enhanced Access',
    ],
    inTotal: false,
    why: "Network Contract DES money paid to each PCN's nominated payee practice for the whole network, so a practice's row does not show its own share (and a PCN can straddle the place); outside the practice total",
  },
  {
    use: 'excluded',
    label: 'deductions',
    columns: ['Deductions for Pensions, Levies and Prescription Charge Income'],
    inTotal: false,
    why: "the practices' own pension contributions and levies collected at source, and prescription charges paid by patients: the commissioner's cost is the gross payment, so gross payments are used",
  },
];

/** The columns of one use, in file order within each group. */
export function columnsFor(use: PaymentUse): string[] {
  return PAYMENT_GROUPS.filter((g) => g.use === use).flatMap((g) => [...g.columns]);
}

/** The columns that add up to `Total NHS Payments to General Practice`. */
export function totalParts(): string[] {
  return PAYMENT_GROUPS.filter((g) => g.inTotal).flatMap((g) => [...g.columns]);
}

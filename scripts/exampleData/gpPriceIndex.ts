/** Price index for GP contract payments from 2022/23 (the payments file) to 2025/26 (the examples' base year). */

/** GMS Global Sum per weighted patient, GBP, by financial year: the contract's price for one Carr-Hill weighted
 *  patient, set in the GMS Statement of Financial Entitlements. Sources (published figures):
 *  2022/23 £99.70: NHS England GP contract letter of 1 March 2022 (3% on £96.78; reported by Wessex LMCs, "Update to
 *    GP Contract 22/23", and Lentells for Lloyds Bank, "What do GP practice finances hold for 22/23");
 *  2023/24 £104.73: DHSC amendment to the GMS Statement of Financial Entitlements after the 6% staff uplift
 *    (£102.28 substituted by £104.73; Pulse, "Global sum increased to £104.73 per patient");
 *  2024/25 £112.50 and 2025/26 £121.79: NHS England's GMS and PCN income ready reckoner 2025/26 (Management in
 *    Practice, "Practice income calculator for 2025/26 released"). */
export const GLOBAL_SUM_PER_WEIGHTED_PATIENT = {
  '2022/23': 99.7,
  '2023/24': 104.73,
  '2024/25': 112.5,
  '2025/26': 121.79,
} as const;

/** 2022/23 GBP to 2025/26 GBP for GP contract payments: 121.79 / 99.70 = 1.2216 (+22.2% over three years). It also
 *  carries money moved into the Global Sum from elsewhere (GBP 100m from QOF in 2025/26), so it slightly overstates
 *  the growth of QOF and item-of-service fees; a finance team replaces it by its ICB's 2025/26 primary medical care
 *  budget (capitation-method B3 step 5). */
export const GP_PAYMENTS_UPLIFT_2022_23_TO_2025_26 =
  GLOBAL_SUM_PER_WEIGHTED_PATIENT['2025/26'] / GLOBAL_SUM_PER_WEIGHTED_PATIENT['2022/23'];

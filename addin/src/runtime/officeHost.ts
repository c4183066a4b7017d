import type { OfficeAuthHost } from '../auth/index.ts';

/* Adapters from office.js globals (loaded from Microsoft's CDN, never bundled) to the runtime's ports. Typed
 * here by the few members used, so the bundle needs no Office types. */

interface DialogResult {
  status: string;
  error?: { message: string };
  value: {
    addEventHandler(type: unknown, handler: (arg: { message?: string; error?: number }) => void): void;
    close(): void;
  };
}

export interface OfficeGlobal {
  context: {
    requirements: { isSetSupported(name: string, version: string): boolean };
    ui: {
      displayDialogAsync(
        url: string,
        options: { height: number; width: number; promptBeforeOpen?: boolean },
        callback: (result: DialogResult) => void,
      ): void;
    };
  };
  auth?: { getAuthContext?(): Promise<{ userPrincipalName?: string }> };
  EventType: { DialogMessageReceived: unknown; DialogEventReceived: unknown };
}

export interface ExcelGlobal {
  run<T>(batch: (context: ExcelContext) => Promise<T>): Promise<T>;
  CalculationType: { full: unknown };
}
interface ExcelContext {
  workbook: { application: { calculate(type: unknown): void } };
  sync(): Promise<void>;
}

export function officeAuthHost(office: OfficeGlobal): OfficeAuthHost {
  return {
    nestedAppAuthSupported: () => {
      try {
        return office.context.requirements.isSetSupported('NestedAppAuth', '1.1');
      } catch {
        return false;
      }
    },
    loginHint: async () => {
      try {
        return (await office.auth?.getAuthContext?.())?.userPrincipalName;
      } catch {
        return undefined;
      }
    },
    openDialog: (url) =>
      new Promise((resolve, reject) => {
        office.context.ui.displayDialogAsync(url, { height: 60, width: 30 }, (result) => {
          if (result.status === 'failed') {
            reject(new Error(result.error?.message ?? 'the sign-in dialog could not open'));
            return;
          }
          const dialog = result.value;
          dialog.addEventHandler(office.EventType.DialogMessageReceived, (arg) => {
            dialog.close();
            resolve(arg.message ?? '');
          });
          // 12006: the user closed the dialog.
          dialog.addEventHandler(office.EventType.DialogEventReceived, () =>
            reject(new Error('the sign-in dialog was closed')),
          );
        });
      }),
  };
}

/** Refresh in Excel: a full recalculation, so every PACS cell asks again (unchanged ones from the cache). */
export function excelRecalculate(excel: ExcelGlobal): () => Promise<void> {
  return () =>
    excel.run(async (context) => {
      context.workbook.application.calculate(excel.CalculationType.full);
      await context.sync();
    });
}

import * as vscode from 'vscode';
import type { PickItem } from '../model/picks';

export type ValuedQuickPickItem<T> = vscode.QuickPickItem & { value: T };

/** Maps model pick items to the API's; separators carry no value and can never be picked. */
export function toQuickPickItems<T>(items: PickItem<T>[]): ValuedQuickPickItem<T>[] {
  return items.map((i) =>
    i.kind === 'separator'
      ? ({ label: i.label, kind: vscode.QuickPickItemKind.Separator } as ValuedQuickPickItem<T>)
      : { label: i.label, description: i.description, detail: i.detail, value: i.value as T },
  );
}

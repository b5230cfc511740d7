// The thin client: start the MemLens language server and forward a few commands. No analysis happens here.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { Commands, Notifications, SETTINGS_SECTION } from '../../server/src/protocol';
import type { ClientLoad } from './loader';
import { registerSimulation } from './simulate';

let client: LanguageClient | undefined;

export const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'php' },
  { scheme: 'untitled', language: 'php' },
  { scheme: 'file', pattern: '**/*.ini' },
  { scheme: 'file', pattern: '**/{php-fpm.d,pool.d,fpm}/*.conf' },
  { scheme: 'file', pattern: '**/{php-fpm.conf,www.conf,memcached.conf}' },
];

export async function activate(context: vscode.ExtensionContext, load?: ClientLoad): Promise<void> {
  const output = vscode.window.createOutputChannel('MemLens', { log: true });
  context.subscriptions.push(output);
  if (load) output.info(`client loaded in ${load.ms.toFixed(1)} ms${load.cpuMs === undefined ? '' : `, ${load.cpuMs.toFixed(1)} ms of CPU`} (code cache: ${load.cache})`);
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    synchronize: { configurationSection: SETTINGS_SECTION },
    // The workspace's own storage: the server keeps its scan cache there, so that reopening a folder does not read
    // every file again.
    initializationOptions: { settings: vscode.workspace.getConfiguration(SETTINGS_SECTION), storagePath: context.storageUri?.fsPath },
  };
  client = new LanguageClient('memlens', 'MemLens', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.restartServer, async () => {
      await client?.restart();
    }),
    vscode.commands.registerCommand(Commands.showOutput, () => output.show(true)),
  );
  registerSimulation(context, client, output, Commands.simulate);
  client.onNotification(Notifications.configProblems, (params: { problems: string[] }) => {
    void vscode.window.showWarningMessage(`MemLens settings: ${params.problems.join('; ')}`, 'Open Settings').then((pick) => {
      if (pick) void vscode.commands.executeCommand('workbench.action.openSettings', SETTINGS_SECTION);
    });
  });
  // Starting is not awaited: activation returns at once and the editor stays responsive while the server boots.
  void client.start().catch((e) => output.appendLine(`MemLens server failed to start: ${e?.stack ?? e}`));
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

// `cdk synth` / `cdk deploy` entry (infra/cdk.json). Choose the environment with `-c env=NAME`.
import { buildApp } from './buildApp.ts';

buildApp().app.synth();

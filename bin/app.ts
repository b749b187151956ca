#!/usr/bin/env node
import { buildReferenceApp } from './reference-app';

buildReferenceApp();

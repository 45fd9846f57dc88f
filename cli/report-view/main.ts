import { mount } from 'svelte';
import '@/entrypoints/popup/app.css';
import './view.css';
import { DATA_ELEMENT_ID, type RunView } from './data';
import ScanReport from './ScanReport.svelte';
import { useMessages } from '@/components/i18n';
import en from '@/public/_locales/en/messages.json';

// A saved report is no extension page: the components' words come from the English table.
useMessages(en);

const run = JSON.parse(document.getElementById(DATA_ELEMENT_ID)!.textContent!) as RunView;
mount(ScanReport, { target: document.getElementById('app')!, props: { run } });

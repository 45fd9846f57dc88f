import { configure } from '@testing-library/svelte';
import { useMessages } from '../../components/i18n';
import en from '../../public/_locales/en/messages.json';

// findBy*/waitFor wait on a condition; on a loaded CI machine the first render of a component can
// take longer than the library's default second, so they wait up to five before failing.
configure({ asyncUtilTimeout: 5000 });

// Component tests run without the extension's i18n API: the UI's English table stands in for it.
useMessages(en);

// GluteRx page behaviour. No inline scripts (the CSP forbids them); pages work without this file.
"use strict";

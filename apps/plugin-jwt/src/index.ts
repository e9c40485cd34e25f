// oclif finds the commands through package.json#oclif; the plugin exports nothing else.
export {};

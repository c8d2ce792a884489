/// <reference types="vite/client" />

interface ImportMetaEnv {
	/** The demo server's origin, for the default base URLs (default `http://127.0.0.1:8788`). */
	readonly VITE_DEMO_SERVER?: string;
}

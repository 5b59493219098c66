// Decorator metadata (class-transformer, Nest) needs the Reflect API before any decorated class loads.
import 'reflect-metadata';

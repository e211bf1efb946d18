"""Salon Desktop: front-desk point of sale and client files for beauty salons."""

__version__ = "0.1.0"
